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

/** A typed path, with a "Choose…" button for the native folder dialog where the transport has one (Electron, not web mode). */
export function PathField({ id, label, value, placeholder, onChange, fromPickedFolder = (folder) => folder }: Props) {
  const client = useClient();

  async function pick() {
    const folder = await client.pickFolder?.();
    if (folder) onChange(fromPickedFolder(folder));
  }

  return (
    <div className="form-row">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} spellCheck={false} />
      {client.pickFolder && (
        <button type="button" onClick={() => void pick()}>
          Choose…
        </button>
      )}
    </div>
  );
}
