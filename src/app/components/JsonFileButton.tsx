/** A button that opens the file picker for one JSON file (a gallery or a backup) and hands the file on. */
import { useRef, type ReactNode } from 'react';

export function JsonFileButton({
  disabled,
  onFile,
  testId,
  children,
}: {
  readonly disabled: boolean;
  readonly onFile: (file: File) => void;
  /** The button's test id; the hidden input's is the same with `-input`. */
  readonly testId: string;
  readonly children: ReactNode;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} disabled={disabled} data-testid={testId}>
        {children}
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid={`${testId}-input`}
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          // Cleared so choosing the same file again (after fixing it) fires another change.
          event.target.value = '';
          if (chosen) onFile(chosen);
        }}
      />
    </>
  );
}
