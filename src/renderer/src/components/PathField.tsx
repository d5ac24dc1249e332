import { useClient } from '../ClientContext';

interface Props {
  id: string;
  label: string;
  value: string;
  placeholder: string;
  onChange: (path: string) => void;
  /** Turns the folder picked in the native dialog into the field's path (e.g. a .zip file inside it). */
  fromPickedFolder?: (folder: string) => string;
}

/**
 * Full paths: /…, C:\… or \\server\…. The destinations typed here (exports, shared folders) are
 * resolved by the engine as given, so a relative one, or ~/…, would land under whatever folder
 * the server happened to start in.
 */
const fullPath = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

/** A typed path, with a "Choose…" button for the native folder dialog where the transport has one (Electron, not web mode). */
export function PathField({ id, label, value, placeholder, onChange, fromPickedFolder = (folder) => folder }: Props) {
  const client = useClient();

  async function pick() {
    const folder = await client.pickFolder?.();
    if (folder) onChange(fromPickedFolder(folder));
  }

  // Said while typing: the engine would take the path as given and write somewhere unexpected.
  const typed = value.trim();
  const relative = typed !== '' && !fullPath.test(typed);
  const hintId = `${id}-hint`;

  return (
    <div className="form-row">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        aria-invalid={relative || undefined}
        aria-describedby={relative ? hintId : undefined}
      />
      {client.pickFolder && (
        <button type="button" onClick={() => void pick()}>
          Choose…
        </button>
      )}
      {relative && (
        <span id={hintId} className="empty-note">
          Type a full path, such as {placeholder}: “{typed}” is not one, and would be read from the folder the server was started in.
        </span>
      )}
    </div>
  );
}
