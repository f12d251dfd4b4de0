/** The input modes of an analysis tool (paste vs repository, paste vs upload…) as tabs; testid `mode-<id>`. */
export function ToolModeTabs<Mode extends string>({ modes, mode, onChange }: { modes: { id: Mode; label: string }[]; mode: Mode; onChange: (mode: Mode) => void }) {
  return (
    <div className="tool-modes" role="tablist" aria-label="Input">
      {modes.map(({ id, label }) => (
        <button key={id} type="button" role="tab" aria-selected={mode === id} className={mode === id ? "active" : undefined} onClick={() => onChange(id)} data-testid={`mode-${id}`}>
          {label}
        </button>
      ))}
    </div>
  );
}
