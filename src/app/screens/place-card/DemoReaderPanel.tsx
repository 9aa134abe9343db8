import type { AnyDemoCard } from '../../demo/demo-world';
import { usePick, useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';

const GROUPS: readonly AnyDemoCard['group'][] = ['genuine', 'broken', 'forged'];

/**
 * Demo mode's simulated reader: which card is on it, a button to take it off, and (on the
 * placement screen) every demo card grouped genuine / broken / forged, each with its description.
 */
export function DemoReaderPanel({ showPicker }: { readonly showPicker: boolean }) {
  const t = useT();
  const pick = usePick();
  const cards = useAppStore((s) => s.runtime?.demo.cards);
  const placedId = useAppStore((s) => s.reader.demoCardId);
  const actions = useAppStore((s) => s.actions);
  const placed = cards?.find((c) => c.id === placedId);
  // A real reader is in use: no simulated cards to offer.
  const demoReader = useAppStore((s) => s.reader.path === 'demo');
  if (!demoReader) return null;

  return (
    <section className="demo-panel" aria-labelledby="demo-panel-heading">
      <h2 id="demo-panel-heading">{t(showPicker ? 'demo.picker.heading' : 'demo.reader.heading')}</h2>
      {placed && (
        <div className="demo-placed">
          <p className="demo-placed-text">{t('demo.placed', { card: pick(placed.description) })}</p>
          <button type="button" className="button button-secondary" onClick={() => actions.removeDemoCard()}>
            {t('demo.remove')}
          </button>
        </div>
      )}
      {showPicker && cards && (
        <>
          <p>{t('demo.picker.lead')}</p>
          {GROUPS.map((group) => (
            <div key={group} className="demo-group" role="group" aria-labelledby={`demo-group-${group}`}>
              <h3 id={`demo-group-${group}`}>{t(`demo.group.${group}`)}</h3>
              <ul className="demo-cards">
                {cards
                  .filter((c) => c.group === group)
                  .map((c) => (
                    <li key={c.id}>
                      <button type="button" className={`demo-card demo-card-${group}`} data-card-id={c.id} aria-pressed={c.id === placedId} onClick={() => actions.placeDemoCard(c.id)}>
                        <span className="demo-card-description">{pick(c.description)}</span>
                        <span className="demo-card-id" lang="en">
                          {c.id}
                        </span>
                      </button>
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
