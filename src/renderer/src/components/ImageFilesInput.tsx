import type { Ref } from 'react';

interface Props {
  /** A visible button opens this input through the ref: the input itself stays out of sight and out of the tab order. */
  ref: Ref<HTMLInputElement>;
  label: string;
  onFiles: (files: File[]) => void;
}

/** The hidden file chooser behind a "choose images…" button. */
export function ImageFilesInput({ ref, label, onFiles }: Props) {
  return (
    <input
      ref={ref}
      className="visually-hidden"
      type="file"
      accept="image/*"
      multiple
      aria-label={label}
      tabIndex={-1}
      onChange={(event) => {
        const files = Array.from(event.target.files ?? []);
        // Choosing the same file again must count again.
        event.target.value = '';
        if (files.length > 0) onFiles(files);
      }}
    />
  );
}
