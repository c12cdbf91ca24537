/** The scenario library: every `scenarios/*.swarm`, bundled into the page at build time. */
const files = import.meta.glob('/scenarios/*.swarm', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface LibraryEntry {
  /** File name without `.swarm`: what the URL and the picker use. */
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly title: string;
}

const titleOf = (text: string): string | null => {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const t = fm ? /^title:\s*(.+)$/m.exec(fm[1]) : null;
  return t ? t[1].trim().replace(/^(['"])(.*)\1$/, '$2') : null;
};

export const LIBRARY: readonly LibraryEntry[] = Object.entries(files)
  .map(([path, text]) => {
    const file = path.slice(path.lastIndexOf('/') + 1);
    const name = file.replace(/\.swarm$/, '');
    return { name, file, text, title: titleOf(text) ?? name };
  })
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** The example `npm start` opens with: the documents' weave2 network plugin walk-through. */
export const DEFAULT_SCENARIO = 'weave2-network-plugin';

export function findScenario(name: string): LibraryEntry | undefined {
  return LIBRARY.find((e) => e.name === name);
}

/** The picker's options: the library, and a disabled entry for edited or opened text. */
export function fillPicker(picker: HTMLSelectElement): void {
  picker.replaceChildren();
  for (const e of LIBRARY) {
    const o = document.createElement('option');
    o.value = e.name;
    o.textContent = `${e.name} — ${e.title}`;
    picker.append(o);
  }
  const custom = document.createElement('option');
  custom.value = '';
  custom.textContent = '(edited or opened text)';
  custom.disabled = true;
  picker.append(custom);
}
