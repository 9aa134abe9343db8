import type { GaijiGlyph } from '../../../cards/licence/gaiji';
import type { ShownText } from '../../../verify/licence/licence-attributes';
import { useT } from '../../i18n/use-i18n';
import { revealControls } from '../../screens/result/display';

/** One 外字 bitmap from the card (1 = ink) drawn inline at text height, as vector squares. */
function GaijiGlyphView({ glyph, label }: { readonly glyph: GaijiGlyph | undefined; readonly label: string }) {
  const bitmap = glyph?.bitmap;
  if (!bitmap) return <span className="gaiji-missing">〓</span>;
  const rects = [];
  for (let y = 0; y < bitmap.height; y++)
    for (let x = 0; x < bitmap.width; x++) if (bitmap.dots[y * bitmap.width + x]) rects.push(<rect key={`${x}.${y}`} x={x} y={y} width={1} height={1} />);
  return (
    <svg className="gaiji-glyph" viewBox={`0 0 ${bitmap.width} ${bitmap.height}`} role="img" aria-label={label} data-testid="gaiji-glyph">
      {rects}
    </svg>
  );
}

/**
 * Licence text as the card holds it: JIS X 0208 runs as text, each 外字 drawn from the card's own
 * bitmap where the segment names its slot, 欠字 and unmapped codes as visible marks. Text that
 * uses a 外字 is flagged for staff (compare with the printed licence).
 */
export function LicenceTextView({ text, gaiji }: { readonly text: ShownText; readonly gaiji: readonly GaijiGlyph[] | undefined }) {
  const t = useT();
  const flagged = text.segments.some((s) => s.kind !== 'text');
  return (
    <>
      <span className="detail-text" lang="ja">
        {text.segments.map((s, i) => {
          if (s.kind === 'text') return <span key={i}>{revealControls(s.text).text}</span>;
          if (s.kind === 'gaiji') return <GaijiGlyphView key={i} glyph={gaiji?.find((g) => g.slot === s.slot)} label={t('dl.gaijiGlyph', { n: s.slot })} />;
          return (
            <span key={i} className="gaiji-missing">
              {s.kind === 'missing' ? '？' : '〓'}
            </span>
          );
        })}
      </span>
      {flagged && (
        <span className="detail-warning" data-testid="gaiji-flag">
          {t('dl.gaijiFlag')}
        </span>
      )}
    </>
  );
}
