/**
 * The genuine (same person) and impostor (look-alike) scores as two histograms on one similarity axis,
 * with the threshold and the uncertain band; the counts as a table for screen readers and anyone who
 * prefers numbers.
 */
import { useId } from 'react';
import type { Calibration } from '../../../worker/api.ts';
import { BIN_COUNT, binRange, histogramLayout } from './histogram.ts';

const score = (v: number): string => v.toFixed(2).replace('-', '−');

export function ScoreHistogram({ calibration, uncertainBand }: { readonly calibration: Calibration; readonly uncertainBand: number }) {
  const id = useId();
  const { genuine, impostor, threshold } = calibration;
  const layout = histogramLayout(genuine.histogram, impostor.histogram, threshold, uncertainBand);
  const { plot } = layout;
  const rows = Array.from({ length: BIN_COUNT }, (_, bin) => bin).filter(
    (bin) => (genuine.histogram[bin] ?? 0) > 0 || (impostor.histogram[bin] ?? 0) > 0,
  );
  const description =
    `${genuine.count} same-person scores, median ${score(genuine.median)}; ` +
    `${impostor.count} look-alike scores, median ${score(impostor.median)}, highest ${score(impostor.max)}; ` +
    `threshold ${score(threshold)}.`;
  return (
    <figure className="score-histogram" data-testid="calibration-histogram">
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>Same-person and look-alike similarity scores</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <rect className="histogram-band" x={layout.band.x} y={plot.top} width={layout.band.width} height={plot.bottom - plot.top} />
        {layout.bars.map((bar) => (
          <rect
            key={`${bar.series}-${bar.bin}`}
            className={`histogram-bar histogram-${bar.series}`}
            data-testid={`histogram-bar-${bar.series}`}
            x={bar.x}
            y={bar.y}
            width={bar.width}
            height={bar.height}
          />
        ))}
        <line className="histogram-axis" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
        {layout.ticks.map((tick) => (
          <text key={tick.value} className="histogram-tick" x={tick.x} y={layout.height - 6} textAnchor="middle">
            {score(tick.value)}
          </text>
        ))}
        <line
          className="histogram-threshold"
          data-testid="histogram-threshold"
          x1={layout.thresholdX}
          x2={layout.thresholdX}
          y1={plot.top - 4}
          y2={plot.bottom}
        />
      </svg>
      <figcaption className="histogram-legend">
        <span className="legend-genuine">Same person ({genuine.count})</span>
        <span className="legend-impostor">Look-alike ({impostor.count})</span>
        <span className="legend-threshold">Threshold {score(threshold)}</span>
        {uncertainBand > 0 && <span className="legend-band">Uncertain band</span>}
      </figcaption>
      <details className="histogram-table">
        <summary>The scores as a table</summary>
        <table data-testid="calibration-table">
          <caption className="visually-hidden">Number of comparisons per similarity range</caption>
          <thead>
            <tr>
              <th scope="col">Similarity</th>
              <th scope="col">Same person</th>
              <th scope="col">Look-alike</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((bin) => {
              const { from, to } = binRange(bin);
              return (
                <tr key={bin}>
                  <th scope="row">{bin === 0 ? `below ${score(to)}` : `${score(from)} to ${score(to)}`}</th>
                  <td>{genuine.histogram[bin] ?? 0}</td>
                  <td>{impostor.histogram[bin] ?? 0}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
