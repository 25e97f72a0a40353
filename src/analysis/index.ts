export { analyzeConversation, type ConversationAnalysis } from './analyze-conversation';
export { CONVERSATION_OUTCOMES, type ConversationOutcome, type Intent } from './outcome';
export type { SentimentLabel } from './sentiment';
