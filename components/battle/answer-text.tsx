"use client";

import { Fragment, useId, type ReactNode } from "react";
import ReactMarkdown from "react-markdown";
import type { PublicReference } from "@/lib/battles/types";

// Answers render as markdown with raw HTML disabled (react-markdown never injects HTML); [n] markers
// become links to the reference list with a hover/focus card showing the passage.

function CitationLink({ n, reference }: { n: number; reference?: PublicReference }) {
  const id = useId();
  if (!reference) return <span>[{n}]</span>;
  return (
    <span className="group relative inline-block">
      <a
        href={`#ref-${n}`}
        aria-describedby={id}
        className="rounded px-0.5 font-medium text-indigo-700 underline decoration-dotted underline-offset-2 hover:bg-indigo-50 focus:outline-none focus:ring-2 focus:ring-indigo-500 dark:text-indigo-300 dark:hover:bg-indigo-950"
      >
        [{n}]
      </a>
      <span
        id={id}
        role="tooltip"
        className="invisible absolute left-1/2 top-full z-20 mt-1 w-72 -translate-x-1/2 rounded-md border border-slate-200 bg-white p-3 text-left text-xs leading-snug text-slate-800 opacity-0 shadow-lg transition group-focus-within:visible group-focus-within:opacity-100 group-hover:visible group-hover:opacity-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <span className="block font-semibold">{reference.title}</span>
        <span className="mt-0.5 block text-slate-600 dark:text-slate-400">
          {reference.authors.slice(0, 3).join(", ")}
          {reference.authors.length > 3 ? " et al." : ""} {reference.year ? `(${reference.year})` : ""}
          {reference.venue ? ` · ${reference.venue}` : ""}
        </span>
        <span className="mt-1 line-clamp-6 block">{reference.passages[0]}</span>
        {reference.url ? <span className="mt-1 block truncate text-indigo-700 dark:text-indigo-300">{reference.url}</span> : null}
      </span>
    </span>
  );
}

function withCitations(children: ReactNode, references: Map<number, PublicReference>): ReactNode {
  const mapNode = (node: ReactNode, key: number): ReactNode => {
    if (typeof node !== "string") return node;
    const parts = node.split(/(\[\d+\])/g);
    if (parts.length === 1) return node;
    return (
      <Fragment key={key}>
        {parts.map((part, i) => {
          const match = part.match(/^\[(\d+)\]$/);
          if (!match) return part;
          const n = Number(match[1]);
          return <CitationLink key={i} n={n} reference={references.get(n)} />;
        })}
      </Fragment>
    );
  };
  return Array.isArray(children) ? children.map(mapNode) : mapNode(children, 0);
}

export function AnswerText({ text, references }: { text: string; references: PublicReference[] }) {
  const byNumber = new Map(references.map((r) => [r.n, r]));
  return (
    <div className="answer-text leading-relaxed">
      <ReactMarkdown
        skipHtml
        components={{
          p: ({ children }) => <p>{withCitations(children, byNumber)}</p>,
          li: ({ children }) => <li>{withCitations(children, byNumber)}</li>,
          a: ({ children }) => <span>{children}</span>,
          img: () => null,
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
