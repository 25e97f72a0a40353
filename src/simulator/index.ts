export { startSimulator } from './simulator';
export { DEFAULT_PROFILE } from './profile';
export type {
  CallFate,
  CallHandling,
  CallStatus,
  LeadReply,
  SimCall,
  SimConversation,
  Simulator,
  SimulatorOptions,
  SimulatorProfile,
  SimulatorStats,
  WebhookKind,
} from './types';
