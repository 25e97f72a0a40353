/** What Twilio would do with the TwiML our side answered; regexes suffice for the verbs the dialer uses. */
export type TwimlAction =
  | { kind: 'stream'; conversationId: string | undefined }
  | { kind: 'message' }
  | { kind: 'hangup' }
  | { kind: 'invalid' };

export function readTwiml(text: string): TwimlAction {
  if (!/<Response[\s>/]/.test(text)) return { kind: 'invalid' };
  const stream = /<Connect[\s>][\s\S]*?<Stream\s[^>]*?url\s*=\s*"([^"]*)"/.exec(text);
  if (stream?.[1] !== undefined)
    return { kind: 'stream', conversationId: conversationIdOf(unescapeXml(stream[1])) };
  const verbs = [...text.matchAll(/<([A-Z][A-Za-z]*)[\s>/]/g)].map((m) => m[1]);
  return verbs.some((verb) => verb !== 'Response' && verb !== 'Hangup')
    ? { kind: 'message' }
    : { kind: 'hangup' };
}

/** The TwiML register-call returns: Twilio streams the call's audio to the agent's conversation socket. */
export function connectStreamTwiml(wsBaseUrl: string, conversationId: string): string {
  const url = `${wsBaseUrl}/v1/convai/conversation?conversation_id=${encodeURIComponent(conversationId)}`;
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="${escapeXml(url)}" /></Connect></Response>`;
}

function conversationIdOf(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('conversation_id') ?? undefined;
  } catch {
    return undefined;
  }
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (entity) => {
    const match = Object.entries(XML_ESCAPES).find(([, escaped]) => escaped === entity);
    return match ? match[0] : entity;
  });
}
