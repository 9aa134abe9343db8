/**
 * Saves text as a file through a Blob and a temporary object URL, revoked right after the
 * browser has taken the download (nothing stays reachable by URL).
 */
export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Some browsers read the URL after click() returns; a short delay lets them.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

/** kazasu-evidence-20261120-1203.json: the export time only, never anything personal. */
export function exportFileName(at: Date, extension: 'json' | 'csv'): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `kazasu-evidence-${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}.${extension}`;
}
