import type { Campaign } from '../../domain/campaign';
import type { Lead } from '../../domain/lead';
import type { Call } from '../../domain/call';
import type { ComplianceRecord } from '../../domain/compliance-record';
import type { Consent } from '../../domain/consent';
import type { CallSummary } from '../../ports/operations.port';
import type { IntakeReport } from '../../services/lead-intake';
import { FINAL_LEAD_STATUSES } from '../../domain/lead';
import { html, maskPhone, type SafeHtml } from './html';
import { barChart } from './chart';
import type { Role } from './users';
import type { CallProgress } from '../../services/campaign-progress';

export interface Viewer {
  name: string;
  role: Role;
  csrf: string;
}

export interface CampaignProgress extends CallProgress {
  campaign: Campaign;
  blocksByCode: Record<string, number>;
  nextLawfulMinute: Date | null;
}

const when = (d: Date | null | undefined) =>
  d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—';

function counts(record: Record<string, number>): SafeHtml {
  const entries = Object.entries(record).filter(([, n]) => n > 0);
  if (!entries.length) return html`<span class="muted">—</span>`;
  return html`<ul class="counts">
    ${entries.map(([k, n]) => html`<li><span>${k}</span> <b>${n}</b></li>`)}
  </ul>`;
}

function progressBar(p: CampaignProgress): SafeHtml {
  const done = FINAL_LEAD_STATUSES.reduce((n, s) => n + (p.byStatus[s] ?? 0), 0);
  const pct = p.total ? Math.round((done / p.total) * 100) : 0;
  // <progress> rather than a styled div: no inline style, so a strict CSP needs no exception.
  return html`<progress class="progress" value="${done}" max="${Math.max(1, p.total)}"></progress>
    <small>${done} of ${p.total} leads settled (${pct}%)</small>`;
}

const badge = (status: string) =>
  html`<span class="badge badge-${status}" data-status="${status}">${status}</span>`;

export function layout(title: string, viewer: Viewer, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · dialer</title>
        <link rel="stylesheet" href="/admin/assets/dashboard.css" />
        <script src="/admin/assets/dashboard.js" defer></script>
      </head>
      <body>
        <header class="top">
          <a href="/admin" class="brand">dialer</a>
          <nav><a href="/admin">Campaigns</a> <a href="/admin/queues">Queues</a></nav>
          <span class="who">${viewer.name} · <b data-role="${viewer.role}">${viewer.role}</b></span>
        </header>
        <main>${body}</main>
      </body>
    </html>`;
}

function actionForm(
  viewer: Viewer,
  action: string,
  label: string,
  confirmText: string,
  danger = false,
): SafeHtml {
  return html`<form method="post" action="${action}" data-confirm="${confirmText}">
    <input type="hidden" name="csrf" value="${viewer.csrf}" />
    <button type="submit" class="${danger ? 'danger' : ''}" data-action="${label.toLowerCase()}">
      ${label}
    </button>
  </form>`;
}

export function campaignRows(list: CampaignProgress[]): SafeHtml {
  if (!list.length) return html`<p class="muted">No campaigns yet.</p>`;
  return html`<div class="scroll">
    <table class="campaigns">
      <thead>
        <tr>
          <th>Campaign</th>
          <th>Status</th>
          <th>Progress</th>
          <th>Leads</th>
          <th>Outcomes</th>
          <th>In call</th>
          <th>Compliance blocks</th>
          <th>Next lawful minute</th>
        </tr>
      </thead>
      <tbody>
        ${list.map(
          (p) =>
            html`<tr data-campaign="${p.campaign.id}">
              <td><a href="/admin/campaigns/${encodeURIComponent(p.campaign.id)}">${p.campaign.name}</a></td>
              <td>${badge(p.campaign.status)}</td>
              <td class="wide">${progressBar(p)}</td>
              <td>${counts(p.byStatus)}</td>
              <td>${counts(p.byOutcome)}</td>
              <td class="num">${p.activeCalls}</td>
              <td>${counts(p.blocksByCode)}</td>
              <td>${when(p.nextLawfulMinute)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function campaignListPage(viewer: Viewer, list: CampaignProgress[], killSwitch: boolean): SafeHtml {
  const kill =
    viewer.role === 'admin'
      ? actionForm(
          viewer,
          `/admin/kill-switch?engaged=${killSwitch ? 'off' : 'on'}`,
          killSwitch ? 'Release kill switch' : 'Kill switch',
          killSwitch ? 'Let every replica dial again?' : 'Stop all dialing on every replica now?',
          !killSwitch,
        )
      : null;
  return layout(
    'Campaigns',
    viewer,
    html`<section class="bar">
        <h1>Campaigns</h1>
        <p class="kill ${killSwitch ? 'engaged' : ''}">
          Kill switch: <b id="kill-state">${killSwitch ? 'ENGAGED — no calls are placed' : 'off'}</b>
        </p>
        ${kill}
      </section>
      <section data-live="/admin/live">${campaignRows(list)}</section>`,
  );
}

function callRows(calls: CallSummary[]): SafeHtml {
  if (!calls.length) return html`<p class="muted">No calls yet.</p>`;
  return html`<div class="scroll">
    <table class="calls">
      <thead>
        <tr>
          <th>Started</th>
          <th>To</th>
          <th>Status</th>
          <th>Outcome</th>
          <th>Sentiment</th>
          <th>Duration</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${calls.map(
          (c) =>
            html`<tr>
              <td>${when(c.createdAt)}</td>
              <td><a href="/admin/leads/${encodeURIComponent(c.leadId)}">${maskPhone(c.to)}</a></td>
              <td>${badge(c.status)}</td>
              <td>${c.outcome ?? '—'}</td>
              <td>${c.sentiment ? `${c.sentiment.label} (${c.sentiment.overall.toFixed(2)})` : '—'}</td>
              <td class="num">${c.durationSec ?? '—'}${c.durationSec !== null ? ' s' : ''}</td>
              <td>
                ${c.hasTranscript ? html`<a href="/admin/calls/${encodeURIComponent(c.callId)}">transcript</a>` : ''}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function campaignLive(p: CampaignProgress, perMinute: number[], calls: CallSummary[]): SafeHtml {
  return html`<div class="cards">
      <div class="card">
        <h3>Status</h3>
        ${badge(p.campaign.status)}${progressBar(p)}
      </div>
      <div class="card">
        <h3>Leads</h3>
        ${counts(p.byStatus)}
      </div>
      <div class="card">
        <h3>Outcomes</h3>
        ${counts(p.byOutcome)}
      </div>
      <div class="card">
        <h3>In call</h3>
        <p class="big" id="active-calls">${p.activeCalls}</p>
        ${
          p.waitingForSlot > 0
            ? html`<p class="muted" id="waiting-for-slot">${p.waitingForSlot} waiting for a slot</p>`
            : ''
        }
      </div>
      <div class="card">
        <h3>Compliance blocks</h3>
        ${counts(p.blocksByCode)}
      </div>
      <div class="card">
        <h3>Next lawful minute</h3>
        <p>${when(p.nextLawfulMinute)}</p>
      </div>
    </div>
    <h2>Calls per minute, last hour</h2>
    ${barChart(perMinute, 'Calls per minute over the last hour')}
    <h2>Latest calls</h2>
    ${callRows(calls)}`;
}

const ACTIONS: Array<{ action: string; label: string; from: string[]; confirm: string; danger?: boolean }> = [
  { action: 'start', label: 'Start', from: ['draft'], confirm: 'Start dialing this campaign?' },
  {
    action: 'pause',
    label: 'Pause',
    from: ['running'],
    confirm: 'Pause this campaign? Calls in progress finish.',
  },
  { action: 'resume', label: 'Resume', from: ['paused'], confirm: 'Resume dialing this campaign?' },
  {
    action: 'cancel',
    label: 'Cancel',
    from: ['draft', 'running', 'paused'],
    confirm: 'Cancel this campaign for good? Queued calls are removed.',
    danger: true,
  },
];

export function campaignPage(
  viewer: Viewer,
  p: CampaignProgress,
  perMinute: number[],
  calls: CallSummary[],
  notice: { ok?: string; error?: string },
): SafeHtml {
  const id = encodeURIComponent(p.campaign.id);
  const admin = viewer.role === 'admin';
  const controls = admin
    ? ACTIONS.filter((a) => a.from.includes(p.campaign.status)).map((a) =>
        actionForm(viewer, `/admin/campaigns/${id}/${a.action}`, a.label, a.confirm, a.danger),
      )
    : [];
  const upload =
    admin && !['cancelled', 'done'].includes(p.campaign.status)
      ? html`<section>
          <h2>Upload leads (CSV)</h2>
          <form id="upload" action="/admin/campaigns/${id}/leads" data-csrf="${viewer.csrf}">
            <input type="file" name="file" accept=".csv,text/csv" required />
            <button type="submit">Upload</button>
          </form>
          <div id="upload-result" aria-live="polite"></div>
        </section>`
      : null;
  return layout(
    p.campaign.name,
    viewer,
    html`<section class="bar">
        <h1>${p.campaign.name}</h1>
        <div class="controls">${controls}</div>
      </section>
      ${notice.ok ? html`<p class="notice ok">${notice.ok}</p>` : null}
      ${notice.error ? html`<p class="notice error">${notice.error}</p>` : null}
      <p class="muted">
        Caller ID ${p.campaign.callerId} · up to ${p.campaign.limits.maxConcurrentCalls} calls at once,
        ${p.campaign.limits.callsPerSecond}/s ·
        <a href="/admin/campaigns/${id}/compliance.csv">compliance export (CSV)</a>
      </p>
      <section data-live="/admin/campaigns/${id}/live">${campaignLive(p, perMinute, calls)}</section>
      ${upload}`,
  );
}

export function uploadReport({ upload }: IntakeReport): SafeHtml {
  const rejected = `${upload.rejected} rejected${
    upload.rejected > upload.firstErrors.length ? ` (the first ${upload.firstErrors.length} shown)` : ''
  }`;
  return html`<p class="notice ${upload.rejected ? 'error' : 'ok'}" data-accepted="${upload.accepted}">
      ${upload.accepted} row(s) accepted, ${rejected}.
    </p>
    ${
      upload.firstErrors.length
        ? html`<div class="scroll">
            <table class="row-errors">
              <thead>
                <tr>
                  <th>Row</th>
                  <th>Field</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                ${upload.firstErrors.flatMap((r) =>
                  r.errors.map(
                    (e) =>
                      html`<tr>
                        <td>${r.row}</td>
                        <td>${e.field}</td>
                        <td>${e.reason}</td>
                      </tr>`,
                  ),
                )}
              </tbody>
            </table>
          </div>`
        : null
    }`;
}

function transcript(call: Call): SafeHtml {
  if (!call.transcript?.length) return html`<p class="muted">No transcript.</p>`;
  return html`<ol class="transcript">
    ${call.transcript.map(
      (s) =>
        html`<li class="${s.role}">
          <span class="t">${Math.round(s.timeInCallSecs)} s</span> <b>${s.role}</b> ${s.message}
        </li>`,
    )}
  </ol>`;
}

export function callPage(viewer: Viewer, call: Call): SafeHtml {
  return layout(
    `Call ${call.callId}`,
    viewer,
    html`<h1>Call ${call.callId}</h1>
      <p>
        <a href="/admin/campaigns/${encodeURIComponent(call.campaignId)}">campaign</a> ·
        <a href="/admin/leads/${encodeURIComponent(call.leadId)}">lead</a> · to ${maskPhone(call.to)} ·
        ${badge(call.status)} · outcome ${call.outcome ?? '—'} · sentiment
        ${call.sentiment ? `${call.sentiment.label} (${call.sentiment.overall.toFixed(2)})` : '—'}
      </p>
      ${call.summary ? html`<p class="summary">${call.summary}</p>` : null} ${transcript(call)}`,
  );
}

export interface LeadView {
  lead: Lead;
  calls: Call[];
  decisions: ComplianceRecord[];
  consent: Consent | null;
  nextStep: string;
}

export function leadPage(viewer: Viewer, v: LeadView): SafeHtml {
  const { lead, consent } = v;
  const safeUrl =
    consent?.source.formUrl && /^https?:\/\//i.test(consent.source.formUrl) ? consent.source.formUrl : null;
  return layout(
    `${lead.firstName} ${lead.lastName}`,
    viewer,
    html`<h1>${lead.firstName} ${lead.lastName}</h1>
      <p>
        <b class="phone">${lead.phone}</b> · ${badge(lead.status)} · attempts ${lead.attempts} · last outcome
        ${lead.lastOutcome ?? '—'} ·
        <a href="/admin/campaigns/${encodeURIComponent(lead.campaignId)}">campaign</a>
      </p>
      <p>
        ${lead.propertyAddress ?? ''} ${lead.address.city ?? ''} ${lead.address.state ?? ''} · time zone
        ${lead.timeZone ?? 'from the number'}
      </p>
      <section class="card">
        <h2>Next step</h2>
        <p id="next-step">${v.nextStep}</p>
      </section>
      <section>
        <h2>Consent</h2>
        ${
          consent
            ? html`<p>
                ${consent.method} captured ${when(consent.capturedAt)} for ${consent.sellerName}; automated
                calls ${consent.coversAutomatedCalls ? 'covered' : 'not covered'}; expires
                ${when(consent.expiresAt)};
                ${consent.revokedAt ? html`<b>revoked ${when(consent.revokedAt)}</b>` : 'not revoked'}.
                ${safeUrl ? html`Form: <a href="${safeUrl}" rel="noopener noreferrer">${safeUrl}</a>` : null}
                ${consent.source.ip ? html`IP ${consent.source.ip}` : null}
              </p>`
            : html`<p class="muted">No consent on file.</p>`
        }
      </section>
      <section>
        <h2>Calls</h2>
        ${
          v.calls.length
            ? v.calls.map(
                (c) =>
                  html`<details>
                    <summary>
                      ${when(c.createdAt)} · attempt ${c.attemptNumber} · ${badge(c.status)} ·
                      ${c.outcome ?? '—'} · ${c.sentiment?.label ?? '—'}
                    </summary>
                    ${c.summary ? html`<p class="summary">${c.summary}</p>` : null}${transcript(c)}
                  </details>`,
              )
            : html`<p class="muted">No calls yet.</p>`
        }
      </section>
      <section>
        <h2>Compliance decisions</h2>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>When</th>
                <th>Stage</th>
                <th>Result</th>
                <th>Violations</th>
                <th>Not before</th>
              </tr>
            </thead>
            <tbody>
              ${v.decisions.map(
                (d) =>
                  html`<tr>
                    <td>${when(d.checkedAt)}</td>
                    <td>${d.stage}</td>
                    <td>${d.result}</td>
                    <td>
                      ${d.violations.map((x) => html`<div><b>${x.code}</b> ${x.message}</div>`)}${d.error ?? ''}
                    </td>
                    <td>${when(d.notBefore)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>`,
  );
}

export function errorPage(viewer: Viewer | null, status: number, message: string): SafeHtml {
  const body = html`<h1>${status}</h1>
    <p class="notice error">${message}</p>
    <p><a href="/admin">Campaigns</a></p>`;
  return viewer ? layout(String(status), viewer, body) : body;
}
