/** The URLs Twilio calls back for one call; the callId in the path lets a webhook find its call before we know the sid. */
export function webhookUrls(publicBaseUrl: string, callId: string) {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    connect: `${base}/webhooks/twilio/connect/${callId}`,
    status: `${base}/webhooks/twilio/status/${callId}`,
    recording: `${base}/webhooks/twilio/recording/${callId}`,
  };
}
