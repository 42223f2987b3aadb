import type { ReactNode } from 'react';

export interface BarDatum {
  key: string;
  label: ReactNode;
  value: number;
}

/**
 * A ranked list of horizontal bars. It is a real table (label, bar, value), so screen readers
 * read the numbers while sighted readers compare lengths.
 */
export function HorizontalBarChart({
  caption,
  data,
  formatValue,
  valueHeader = 'Value',
  labelHeader = 'Name',
}: {
  caption: string;
  data: BarDatum[];
  formatValue: (value: number) => string;
  valueHeader?: string;
  labelHeader?: string;
}) {
  const max = Math.max(1, ...data.map((datum) => datum.value));
  return (
    <table className="w-full table-fixed text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">{labelHeader}</th>
          <th scope="col">{valueHeader}</th>
        </tr>
      </thead>
      <tbody>
        {data.map((datum) => (
          <tr key={datum.key}>
            <th scope="row" className="w-2/5 truncate py-1 pr-3 text-left font-normal text-zinc-700 sm:w-1/3">
              {datum.label}
            </th>
            <td className="py-1">
              <div className="flex items-center gap-2">
                <div className="h-3 flex-1 rounded-sm bg-zinc-100" aria-hidden="true">
                  <div className="h-3 rounded-sm bg-indigo-500" style={{ width: `${Math.max(0.5, (datum.value / max) * 100)}%` }} />
                </div>
                <span className="w-20 shrink-0 text-right text-zinc-700 tabular-nums">{formatValue(datum.value)}</span>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Vertical bars over time as an SVG picture, with the same numbers in a visually hidden table:
 * the picture is one `role="img"` with a summary, the table is what assistive technology reads.
 */
export function ColumnChart({
  caption,
  data,
  formatValue,
  formatLabel = (key) => key,
}: {
  caption: string;
  data: { key: string; value: number }[];
  formatValue: (value: number) => string;
  formatLabel?: (key: string) => string;
}) {
  const max = Math.max(0, ...data.map((datum) => datum.value));
  const scale = max || 1;
  const width = data.length * 10;
  const first = data[0];
  const last = data[data.length - 1];
  return (
    <div>
      <div className="flex items-start gap-2">
        <span className="w-16 shrink-0 text-right text-xs text-zinc-500 tabular-nums" aria-hidden="true">
          {formatValue(max)}
        </span>
        <svg
          role="img"
          aria-label={`${caption}: peak ${formatValue(max)}`}
          viewBox={`0 0 ${width} 100`}
          preserveAspectRatio="none"
          className="h-36 w-full border-b border-l border-zinc-300"
        >
          {data.map((datum, index) => {
            const height = datum.value === 0 ? 0 : Math.max(1.5, (datum.value / scale) * 100);
            return (
              <rect key={datum.key} x={index * 10 + 1.5} width={7} y={100 - height} height={height} className="fill-indigo-500 hover:fill-indigo-700">
                <title>{`${formatLabel(datum.key)}: ${formatValue(datum.value)}`}</title>
              </rect>
            );
          })}
        </svg>
      </div>
      {first && last && (
        <div className="mt-1 flex justify-between pl-18 text-xs text-zinc-500" aria-hidden="true">
          <span>{formatLabel(first.key)}</span>
          <span>{formatLabel(last.key)}</span>
        </div>
      )}
      <table className="sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {data.map((datum) => (
            <tr key={datum.key}>
              <th scope="row">{formatLabel(datum.key)}</th>
              <td>{formatValue(datum.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
