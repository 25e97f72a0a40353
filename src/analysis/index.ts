export { analyzeConversation, type ConversationAnalysis } from './analyze-conversation';
export { type Intent } from './outcome';
export { CONVERSATION_OUTCOMES, type ConversationOutcome } from '../domain/call';
export type { SentimentLabel } from './sentiment';
