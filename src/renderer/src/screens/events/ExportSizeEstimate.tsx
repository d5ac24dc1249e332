import { useEffect, useState } from 'react';
import type { ApiInput } from '../../../../shared/api';
import { formatBytes, formatCount } from '../../format';
import { useApi } from '../../data/useApi';

/** The options must rest this long before an estimate is asked for: each one renders sample photos. */
const settleMs = 400;

/**
 * What the export will take on disk, viewer and face search included, before it is written; asked
 * for again whenever an option changes (typing a watermark included, once the typing stops).
 */
export function ExportSizeEstimate({ input }: { input: ApiInput<'estimateEventExport'> }) {
  const key = JSON.stringify(input);
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(key), settleMs);
    return () => clearTimeout(timer);
  }, [key]);
  const estimate = useApi('estimateEventExport', JSON.parse(settled) as ApiInput<'estimateEventExport'>);
  const pending = settled !== key || estimate.fetching;

  let text: string;
  if (pending) text = 'Estimating the size…';
  else if (estimate.error !== null) text = `Size unknown: ${estimate.error}`;
  else if (!estimate.data || estimate.data.packages === 0) text = 'Nothing to write.';
  else {
    const { bytes, packages } = estimate.data;
    text = `About ${formatBytes(bytes)} on disk${input.forEveryone ? ` in ${formatCount(packages, 'package')}` : ''}.`;
  }
  return (
    <p id="export-estimate" className="field-note" aria-live="polite" aria-busy={pending}>
      {text}
    </p>
  );
}
