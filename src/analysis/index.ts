export { analyzeConversation, type AnalysisContext, type ConversationAnalysis } from './analyze-conversation';
export { type AnalysedOutcome, type Intent } from './outcome';
export { COLLECTED_FIELDS, type AnalysisMapping, type CollectedField } from './agent-analysis';
export { ANALYSIS_LANGUAGES, type AnalysisLanguage } from './language';
export { CONVERSATION_OUTCOMES, type ConversationOutcome } from '../domain/call';
export type { SentimentLabel } from './sentiment-label';
