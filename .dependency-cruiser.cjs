/**
 * Kazasu's house rules for imports (docs/ARCHITECTURE.md "Layers"), checked by
 * dependency-cruiser inside `npm test` (`npm run lint:deps`). A violation fails the run.
 *
 * Layers, top to bottom; a module may import its own layer and any layer BELOW it, never above:
 *
 *   app → session → documents → evidence → verify → cards → apdu → transport → bytes / errors / imaging
 *
 * Outside the stack: sim/ (simulated cards, test PKI, reader emulators: tests and the demo only)
 * and node/ (CLI, bridge, vpcd: may import everything except app/). src/lib/ holds the library's
 * entry points (`import … from 'kazasu'`): browser.ts re-exports the layers only, node.ts adds
 * node/library.
 *
 * What this tool cannot see, and what covers it instead:
 *  - DOM globals (`document`, `window`, `HTMLElement`…) used without an import: the rules below
 *    forbid the DOM-only packages (react, react-dom, workbox-window, vite-plugin-pwa) and .tsx
 *    files outside app/; `tests/architecture/dom-globals.test.ts` scans the source of every other
 *    layer for DOM globals.
 *  - Node globals (`process`, `Buffer`, `__dirname`): same test, outside node/ (and sim/revocation).
 */

/** Layer folders, top first. */
const LAYERS = ['app', 'session', 'documents', 'evidence', 'verify', 'cards', 'apdu', 'transport', 'bytes|errors|imaging'];

/** One rule per layer: it may not import any layer above it. */
const downwardOnly = LAYERS.slice(1).map((layer, i) => ({
  name: `layer-${layer.replace('|', '-')}-imports-downward`,
  comment: `src/${layer} may import only its own layer and the layers below it (${LAYERS.slice(i + 1).join(' → ')}).`,
  severity: 'error',
  from: { path: `^src/(${layer})/` },
  to: { path: `^src/(${LAYERS.slice(0, i + 1).join('|')})/` },
}));

const NODE_BUILTINS_OUTSIDE_NODE = {
  name: 'node-builtins-only-in-node',
  comment:
    'Only src/node/ uses Node APIs (plus the test responders in src/sim/revocation/, which run in tests only). Everything else runs in the browser too.',
  severity: 'error',
  from: { path: '^src/', pathNot: ['^src/node/', '^src/sim/revocation/'] },
  to: { dependencyTypes: ['core'] },
};

const NODE_PACKAGES_OUTSIDE_NODE = {
  name: 'node-packages-only-in-node',
  comment: 'Node-only packages (WebSocket server, PC/SC, fonts from disk) are for src/node/ only.',
  severity: 'error',
  from: { path: '^src/', pathNot: ['^src/node/'] },
  to: { path: 'node_modules/(ws|@pokusew/pcsclite|fontkit|tsx)/' },
};

const DOM_PACKAGES_OUTSIDE_APP = {
  name: 'dom-only-in-app',
  comment: 'Only src/app/ touches the DOM: React, workbox-window and the PWA plugin are for app/ only.',
  severity: 'error',
  from: { path: '^src/', pathNot: ['^src/app/'] },
  to: { path: 'node_modules/(react|react-dom|workbox-window|vite-plugin-pwa|@vitejs)/' },
};

const TSX_OUTSIDE_APP = {
  name: 'tsx-only-in-app',
  comment: 'JSX (React components) lives in src/app/ only.',
  severity: 'error',
  from: { path: '^src/', pathNot: ['^src/app/'] },
  to: { path: '\\.tsx$' },
};

const NO_SIM_IN_PRODUCTION = {
  name: 'no-sim-in-production',
  comment:
    'sim/ is test and demo code: production code never imports it. The demo entry (src/app/demo/) may, and node/ (the CLI serves simulated cards).',
  severity: 'error',
  from: { path: '^src/', pathNot: ['^src/sim/', '^src/node/', '^src/app/demo/'] },
  to: { path: '^src/sim/', dependencyTypesNot: ['type-only'] },
};

const DEMO_ENTRY_LAZY = {
  name: 'demo-entry-only-lazily',
  comment: 'The rest of app/ loads the demo entry (and with it the simulator) only by dynamic import(), so it stays out of the first-load bundle.',
  severity: 'error',
  from: { path: '^src/app/', pathNot: ['^src/app/demo/'] },
  to: { path: '^src/app/demo/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
};

const SIM_IS_INDEPENDENT = {
  name: 'sim-independent-of-the-code-it-tests',
  comment:
    'Simulators implement card crypto on their own: sim/ never imports the card library, the verifier, the session, documents, evidence or app (types are fine). The demo revocation checker implements the verifier\'s RevocationChecker with its request helpers; it does no card crypto.',
  severity: 'error',
  from: { path: '^src/sim/', pathNot: ['^src/sim/revocation/demo-revocation-checker\\.ts$'] },
  to: { path: '^src/(cards|verify|session|documents|evidence|app)/', dependencyTypesNot: ['type-only'] },
};

const NO_APP_FROM_NODE = {
  name: 'node-does-not-import-app',
  comment: 'node/ entry points share the layers below app/, never the browser UI.',
  severity: 'error',
  from: { path: '^src/node/' },
  to: { path: '^src/app/' },
};

const BROWSER_ENTRY = {
  name: 'browser-entry-no-node-app-sim',
  comment:
    "The library's browser entry (src/lib/browser.ts, `import … from 'kazasu'` in a browser) reaches only the layers: never node/, app/ or sim/. (Node built-ins are already refused outside node/; `npm run build` bundles it for platform 'browser', which fails on any Node import further down.)",
  severity: 'error',
  from: { path: '^src/lib/browser\\.ts$' },
  to: { path: '^src/(node|app|sim)/', dependencyTypesNot: ['type-only'] },
};

const LIBRARY_ENTRIES_ON_TOP = {
  name: 'library-entries-on-top',
  comment: "src/lib/ holds the library's entry points; no source imports them (they re-export the layers and node/library).",
  severity: 'error',
  from: { path: '^src/', pathNot: ['^src/lib/'] },
  to: { path: '^src/lib/' },
};

const NO_CYCLES = {
  name: 'no-circular',
  comment: 'Import cycles hide layering mistakes and make load order matter.',
  severity: 'error',
  from: { path: '^src/' },
  to: { circular: true },
};

const RESOLVABLE = {
  name: 'not-to-unresolvable',
  comment: 'Every import resolves to a file or an installed package.',
  severity: 'error',
  from: { path: '^src/' },
  to: { couldNotResolve: true, pathNot: ['^virtual:', '\\?url$'] },
};

module.exports = {
  forbidden: [
    ...downwardOnly,
    NODE_BUILTINS_OUTSIDE_NODE,
    NODE_PACKAGES_OUTSIDE_NODE,
    DOM_PACKAGES_OUTSIDE_APP,
    TSX_OUTSIDE_APP,
    NO_SIM_IN_PRODUCTION,
    DEMO_ENTRY_LAZY,
    SIM_IS_INDEPENDENT,
    NO_APP_FROM_NODE,
    BROWSER_ENTRY,
    LIBRARY_ENTRIES_ON_TOP,
    NO_CYCLES,
    RESOLVABLE,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
