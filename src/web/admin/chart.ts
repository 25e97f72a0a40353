import { html, type SafeHtml } from './html';

/** Calls started in each of the `minutes` minutes up to `now`, oldest first. */
export function callsPerMinute(times: readonly Date[], now: Date, minutes = 60): number[] {
  const buckets = new Array<number>(minutes).fill(0);
  const end = now.getTime();
  for (const t of times) {
    const ago = Math.floor((end - t.getTime()) / 60_000);
    if (ago >= 0 && ago < minutes) buckets[minutes - 1 - ago]! += 1;
  }
  return buckets;
}

/** A bar per minute as inline SVG: no chart library, nothing to load, scales with its container. */
export function barChart(values: readonly number[], label: string): SafeHtml {
  const max = Math.max(1, ...values);
  const w = 4;
  const h = 60;
  const bars = values.map((v, i) => {
    const bh = Math.round((v / max) * h);
    return html`<rect x="${i * w}" y="${h - bh}" width="${w - 1}" height="${bh}"><title>${v}</title></rect>`;
  });
  return html`<svg
      class="chart"
      viewBox="0 0 ${values.length * w} ${h}"
      preserveAspectRatio="none"
      role="img"
      aria-label="${label}"
    >
      ${bars}
    </svg>
    <div class="chart-axis">
      <span>-${values.length} min</span><span>max ${max}/min</span><span>now</span>
    </div>`;
}
