import { useState, type FormEvent } from 'react';

interface Props {
  /** Current name; null shows the placeholder. */
  value: string | null;
  placeholder: string;
  /** What is being named, for labels: "person", "event". */
  subject: string;
  /** When false an empty name is refused; when true it clears the name (saved as null). */
  allowEmpty: boolean;
  /** Resolves true once saved; on false the field stays open (the caller shows why). */
  onSave: (name: string | null) => Promise<boolean>;
  /** The heading's level: 1 on a page of its own, 2 or 3 where many are listed (a card each). */
  level?: 1 | 2 | 3;
  /** Where many are listed, the button names whom it renames ("Name Unnamed person 7"). */
  buttonLabel?: string;
}

/** A heading that turns into a text field on "Rename"; Enter saves, Escape cancels. */
export function InlineNameEditor({ value, placeholder, subject, allowEmpty, onSave, level = 1, buttonLabel }: Props) {
  const [draft, setDraft] = useState<string | null>(null);

  if (draft === null) {
    const Heading = `h${level}` as const;
    return (
      <div className="inline-name">
        <Heading className={value === null ? 'name-placeholder' : undefined}>{value ?? placeholder}</Heading>
        <button type="button" aria-label={buttonLabel} onClick={() => setDraft(value ?? '')}>
          {value === null ? 'Add a name' : 'Rename'}
        </button>
      </div>
    );
  }

  const trimmed = draft.trim();
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!allowEmpty && trimmed === '') return;
    if (await onSave(trimmed === '' ? null : trimmed)) setDraft(null);
  }

  return (
    <form className="inline-name" onSubmit={(e) => void submit(e)}>
      <input
        type="text"
        aria-label={`Name of this ${subject}`}
        value={draft}
        maxLength={200}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setDraft(null);
        }}
        onFocus={(e) => e.target.select()}
        autoFocus
      />
      <button type="submit" className="primary" disabled={!allowEmpty && trimmed === ''}>
        Save
      </button>
      <button type="button" onClick={() => setDraft(null)}>
        Cancel
      </button>
    </form>
  );
}
