interface Option<T extends string> {
  value: T;
  label: string;
}

interface Props<T extends string> {
  legend: string;
  /** The radio group's name; unique per form. */
  name: string;
  options: readonly Option<T>[];
  value: T;
  onChange: (value: T) => void;
}

/** One choice out of a few, as a fieldset of labelled radio buttons. */
export function RadioChoice<T extends string>({ legend, name, options, value, onChange }: Props<T>) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="checkbox-label">
          <input type="radio" name={name} checked={value === option.value} onChange={() => onChange(option.value)} /> {option.label}
        </label>
      ))}
    </fieldset>
  );
}
