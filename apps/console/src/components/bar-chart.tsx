import type { StatusCounts } from '../types';

interface Bar extends StatusCounts {
  minute: string;
}

const SERIES: Array<{ key: keyof StatusCounts; label: string }> = [
  { key: 'succeeded', label: 'Succeeded' },
  { key: 'pending', label: 'Retrying' },
  { key: 'failed', label: 'Failed' },
  { key: 'skipped', label: 'Skipped' },
];

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Deliveries per minute as stacked bars (SVG, styled by CSS classes), with the numbers also in a
 * table for screen readers: a chart library would add a canvas nobody can read out.
 */
export function DeliveriesChart({ bars }: { bars: Bar[] }) {
  const width = 720;
  const height = 180;
  const top = 10;
  const bottom = 22;
  const left = 36;
  const max = Math.max(1, ...bars.map((bar) => SERIES.reduce((sum, { key }) => sum + bar[key], 0)));
  const step = (width - left) / Math.max(1, bars.length);
  const scale = (value: number) => (value / max) * (height - top - bottom);
  const labelEvery = Math.ceil(bars.length / 6);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title" class="chart-svg">
        <title id="chart-title">Deliveries per minute, up to {max} in a minute</title>
        <line x1={left} x2={width} y1={height - bottom} y2={height - bottom} class="chart-axis" />
        <text x={left - 6} y={top + 4} class="chart-label" text-anchor="end">
          {max}
        </text>
        <text x={left - 6} y={height - bottom} class="chart-label" text-anchor="end">
          0
        </text>
        {bars.map((bar, index) => {
          let y = height - bottom;
          return (
            <g key={bar.minute}>
              {SERIES.map(({ key }) => {
                const h = scale(bar[key]);
                if (h <= 0) return null;
                y -= h;
                return (
                  <rect
                    key={key}
                    x={left + index * step + 1}
                    y={y}
                    width={Math.max(1, step - 2)}
                    height={h}
                    class={`chart-${key}`}
                  />
                );
              })}
              {index % labelEvery === 0 && (
                <text x={left + index * step} y={height - 6} class="chart-label">
                  {time(bar.minute)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="chart-legend">
        {SERIES.map(({ key, label }) => (
          <span key={key}>
            <span class={`legend-swatch chart-${key}`} aria-hidden="true" /> {label}
          </span>
        ))}
      </figcaption>
      <table class="visually-hidden">
        <caption>Deliveries per minute</caption>
        <thead>
          <tr>
            <th scope="col">Minute</th>
            {SERIES.map(({ label }) => (
              <th scope="col" key={label}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {bars
            .filter((bar) => SERIES.some(({ key }) => bar[key] > 0))
            .map((bar) => (
              <tr key={bar.minute}>
                <th scope="row">{time(bar.minute)}</th>
                {SERIES.map(({ key }) => (
                  <td key={key}>{bar[key]}</td>
                ))}
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}
