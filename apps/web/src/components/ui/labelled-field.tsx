import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { inputStyles, labelStyles, selectStyles } from './form-styles';

/** The forms' one field shape: a label above its control, in a box of the given width. */
function LabelledField({ label, width, children }: { label: ReactNode; width: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={width}>
      <label htmlFor={id} className={labelStyles}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}

export function TextField({ label, width, ...input }: { label: ReactNode; width: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'>) {
  return (
    <LabelledField label={label} width={width}>
      {(id) => <input id={id} {...input} className={`mt-1 ${inputStyles}`} />}
    </LabelledField>
  );
}

export function SelectField({
  label,
  width,
  children,
  ...select
}: { label: ReactNode; width: string; children: ReactNode } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'className'>) {
  return (
    <LabelledField label={label} width={width}>
      {(id) => (
        <select id={id} {...select} className={`mt-1 ${selectStyles}`}>
          {children}
        </select>
      )}
    </LabelledField>
  );
}
