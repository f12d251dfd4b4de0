/** In-page links to the incident page's sections. */
export function SectionNav({ sections }: { sections: { id: string; label: string; count?: number }[] }) {
  return (
    <nav className="section-nav no-print" aria-label="Sections">
      {sections.map((section) => (
        <a key={section.id} href={`#${section.id}`}>
          {section.label}
          {section.count !== undefined && <span className="count">{section.count}</span>}
        </a>
      ))}
    </nav>
  );
}
