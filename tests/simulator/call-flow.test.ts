import { ALWAYS_HUMAN, LEADS, startHarness, waitFor, WEBHOOK_SECRET, type Harness } from './support';

const MARIA = '+15551230001';

describe('simulator: a call played through the real SDKs', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('connects a human to an ElevenLabs conversation and reports it through signed webhooks', async () => {
    h = await startHarness({ profile: { ...ALWAYS_HUMAN, replies: { appointment: 1 } } });

    const call = await h.dial(MARIA, {
      record: true,
      recordingStatusCallback: `${h.receiver.url}/recording`,
    });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe('queued');
    await h.sim.idle();

    const statuses = h.receiver.status;
    expect(statuses.every((s) => s.signatureValid)).toBe(true);
    expect(statuses.map((s) => s.params['CallStatus'])).toEqual([
      'queued',
      'ringing',
      'in-progress',
      'completed',
    ]);
    expect(statuses.map((s) => s.params['SequenceNumber'])).toEqual(['0', '1', '2', '3']);
    expect(statuses[3]?.params).toMatchObject({ CallSid: call.sid, Direction: 'outbound-api', To: MARIA });
    expect(statuses[3]?.params['CallDuration']).toMatch(/^\d+$/);

    expect(h.receiver.voice).toHaveLength(1);
    expect(h.receiver.voice[0]).toMatchObject({
      signatureValid: true,
      params: { CallStatus: 'in-progress' },
    });
    expect(h.receiver.recordings).toHaveLength(1);
    expect(h.receiver.recordings[0]?.signatureValid).toBe(true);
    expect(h.receiver.recordings[0]?.params['RecordingSid']).toMatch(/^RE[0-9a-f]{32}$/);

    expect(h.receiver.elevenLabs).toHaveLength(1);
    const delivery = h.receiver.elevenLabs[0]!;
    // The SDK's own verifier accepts the signature; it parses the raw body.
    const event = await h.elevenLabs.webhooks.constructEvent(
      delivery.rawBody,
      delivery.signature,
      WEBHOOK_SECRET,
    );
    expect(event.type).toBe('post_call_transcription');
    expect(event.data.metadata.phone_call.call_sid).toBe(call.sid);
    const text = (event.data.transcript as Array<{ message: string }>).map((t) => t.message).join(' ');
    expect(text).toContain(LEADS[MARIA]!.first_name);
    expect(text).toContain(LEADS[MARIA]!.property_address);
    expect(event.data.analysis.data_collection_results.lead_outcome.value).toBe('appointment');

    // The same conversation through the SDK's conversations.get (camelCase after parsing).
    const simCall = h.sim.calls()[0]!;
    expect(simCall).toMatchObject({ status: 'completed', handling: 'conversation', reply: 'appointment' });
    const details = await h.elevenLabs.conversationalAi.conversations.get(simCall.conversationId!);
    expect(details.status).toBe('done');
    expect(details.metadata.phoneCall).toMatchObject({ callSid: call.sid, direction: 'outbound' });
    expect(details.conversationInitiationClientData?.dynamicVariables).toEqual(LEADS[MARIA]);
    expect(details.analysis?.callSuccessful).toBe('success');
    expect(details.transcript.length).toBeGreaterThan(0);
  });

  it('rejects a tampered ElevenLabs signature in the SDK verifier', async () => {
    h = await startHarness({ profile: ALWAYS_HUMAN });
    await h.dial(MARIA);
    await h.sim.idle();
    const delivery = h.receiver.elevenLabs[0]!;
    await expect(
      h.elevenLabs.webhooks.constructEvent(
        delivery.rawBody.replace('Maria', 'Mario'),
        delivery.signature,
        WEBHOOK_SECRET,
      ),
    ).rejects.toThrow(/signature/i);
  });

  it.each([
    ['busy', { answerRate: 0, busyRate: 1, noAnswerRate: 0, failedRate: 0 }, ['queued', 'ringing', 'busy']],
    [
      'no-answer',
      { answerRate: 0, busyRate: 0, noAnswerRate: 1, failedRate: 0 },
      ['queued', 'ringing', 'no-answer'],
    ],
    ['failed', { answerRate: 0, busyRate: 0, noAnswerRate: 0, failedRate: 1 }, ['queued', 'failed']],
  ])('ends a %s call without fetching the voice Url', async (final, profile, expected) => {
    h = await startHarness({ profile });
    const call = await h.dial(MARIA);
    await h.sim.idle();
    expect(h.receiver.status.map((s) => s.params['CallStatus'])).toEqual(expected);
    expect(h.receiver.status.at(-1)?.params['CallDuration']).toBe('0');
    expect(h.receiver.voice).toHaveLength(0);
    expect((await h.twilioClient.calls(call.sid).fetch()).status).toBe(final);
    expect(h.sim.stats().finalStatuses).toEqual({ [final]: 1 });
  });

  it('sends only the final status when no StatusCallbackEvent is given', async () => {
    h = await startHarness({ profile: ALWAYS_HUMAN });
    await h.dial(MARIA, { statusCallbackEvent: undefined });
    await h.sim.idle();
    expect(h.receiver.status.map((s) => s.params['CallStatus'])).toEqual(['completed']);
  });

  it('reports AnsweredBy for a machine and plays a <Say><Hangup/> answer as a short message', async () => {
    h = await startHarness({ profile: { ...ALWAYS_HUMAN, machineRate: 1 } });
    await h.dial(MARIA, { machineDetection: 'DetectMessageEnd' });
    await h.sim.idle();
    expect(h.receiver.voice[0]?.params['AnsweredBy']).toMatch(/^machine_end_/);
    expect(h.receiver.status.at(-1)?.params).toMatchObject({ CallStatus: 'completed' });
    expect(h.receiver.status.at(-1)?.params['AnsweredBy']).toMatch(/^machine_end_/);
    expect(h.sim.calls()[0]).toMatchObject({ handling: 'message', status: 'completed' });
    expect(h.receiver.elevenLabs).toHaveLength(0);
  });

  it('reports AnsweredBy=human with machine detection on', async () => {
    h = await startHarness({ profile: ALWAYS_HUMAN });
    await h.dial(MARIA, { machineDetection: 'Enable' });
    await h.sim.idle();
    expect(h.receiver.voice[0]?.params['AnsweredBy']).toBe('human');
  });

  it('hangs up a live conversation through calls(sid).update({ status: "completed" })', async () => {
    h = await startHarness({ profile: { ...ALWAYS_HUMAN, talkMs: [60_000, 60_000] } });
    const call = await h.dial(MARIA);
    await waitFor(() => h.sim.calls()[0]?.handling === 'conversation');

    const updated = await h.twilioClient.calls(call.sid).update({ status: 'completed' });
    expect(updated.status).toBe('completed');
    await h.sim.idle();

    expect(h.receiver.status.at(-1)?.params['CallStatus']).toBe('completed');
    const event = JSON.parse(h.receiver.elevenLabs[0]!.rawBody);
    expect(event.data.metadata.termination_reason).toBe('Call ended by remote party');
    expect(event.data.transcript).toHaveLength(1);
  });

  it('cancels a ringing call', async () => {
    h = await startHarness({ profile: { ...ALWAYS_HUMAN, ringMs: [60_000, 60_000] } });
    const call = await h.dial(MARIA);
    await waitFor(() => h.sim.calls()[0]?.status === 'ringing');
    expect((await h.twilioClient.calls(call.sid).update({ status: 'canceled' })).status).toBe('canceled');
    await h.sim.idle();
    expect(h.receiver.status.map((s) => s.params['CallStatus'])).toEqual(['queued', 'ringing', 'canceled']);
    expect(h.sim.stats().activeCalls).toBe(0);
  });

  it('ends the call when the stream names an unknown conversation', async () => {
    h = await startHarness({ profile: ALWAYS_HUMAN });
    await h.twilioClient.calls.create({
      to: MARIA,
      from: '+15550000001',
      twiml:
        '<Response><Connect><Stream url="ws://x/v1/convai/conversation?conversation_id=conv_nope"/></Connect></Response>',
    });
    await h.sim.idle();
    expect(h.sim.calls()[0]).toMatchObject({ handling: 'stream-rejected', status: 'completed' });
  });
});
