import { useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';

/**
 * Who is on duty: one button per clerk from Settings (a name or a staff number). No password on
 * the counter screen; the clerk picked is written into every record until another is picked.
 */
export function ClerkChooser() {
  const t = useT();
  const clerks = useAppStore((s) => s.settings.clerks);
  const clerk = useAppStore((s) => s.clerk);
  const chooseClerk = useAppStore((s) => s.actions.chooseClerk);
  if (clerks.length === 0) return null;
  return (
    <div className="clerk-chooser" role="group" aria-labelledby="clerk-label" data-testid="clerk-chooser">
      <span id="clerk-label" className="clerk-label">
        {t('clerk.label')}
      </span>
      <div className="clerk-buttons">
        {clerks.map((c) => (
          <button key={c} type="button" className="clerk-button" aria-pressed={c === clerk} onClick={() => chooseClerk(c)} data-clerk={c}>
            <span aria-hidden="true" className="clerk-check">
              {c === clerk ? '✓ ' : ''}
            </span>
            {c}
          </button>
        ))}
      </div>
    </div>
  );
}
