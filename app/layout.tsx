import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Open SciArena", template: "%s · Open SciArena" },
  description: "Compare AI answers to scientific-literature questions, side by side, and vote.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
        >
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6">
          {children}
        </main>
        <footer className="mx-auto max-w-6xl px-4 pb-8 pt-4 text-xs text-slate-600 sm:px-6 dark:text-slate-400">
          Open SciArena — an open platform for evaluating AI models on the scientific literature by community vote.{" "}
          <Link className="underline" href="/">
            Ask a question
          </Link>
        </footer>
      </body>
    </html>
  );
}
