import type { ManifestOptions, VitePWAOptions } from 'vite-plugin-pwa';

/**
 * The kiosk's PWA build settings, used by vite.config.ts (data only: nothing here runs in the
 * browser).
 *
 * Strategy `generateSW`: the service worker only precaches the built app and answers navigations
 * with index.html. Workbox generates and audits that; a hand-written worker (`injectManifest`)
 * would add code to review without adding behaviour. Nothing is cached at runtime: API,
 * revocation, bridge and any cross-origin requests are not routed by the worker at all, so they
 * always go to the network. That is NetworkOnly in effect, and no response with personal data
 * can reach Cache Storage. When the audit upload needs Background Sync, generateSW's
 * `runtimeCaching` with `handler: 'NetworkOnly'` and `options.backgroundSync` covers it (still
 * caching nothing).
 */

export const THEME_COLOUR = '#0b57d0';
export const BACKGROUND_COLOUR = '#f7f7f5';

export const kazasuManifest: Partial<ManifestOptions> = {
  id: '/',
  name: 'かざす 本人確認',
  short_name: 'Kazasu',
  description: 'マイナンバーカードのICチップを読み取り、暗号で検証する本人確認キオスク (Kazasu: identity check by the card chip)',
  lang: 'ja',
  dir: 'ltr',
  start_url: '/',
  scope: '/',
  display: 'fullscreen',
  display_override: ['fullscreen', 'standalone'],
  background_color: BACKGROUND_COLOUR,
  theme_color: THEME_COLOUR,
  prefer_related_applications: false,
  categories: ['business', 'utilities'],
  icons: [
    { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
    { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};

/** Paths never answered with the app shell on navigation (the app has no such routes). */
const NOT_APP_ROUTES = [/^\/api\//, /^\/(?:revocation|ocsp|crl|bridge)(?:\/|$)/];

export const kazasuPwaOptions: Partial<VitePWAOptions> = {
  strategies: 'generateSW',
  // The kiosk decides when to reload (between sessions): never update under a customer.
  registerType: 'prompt',
  // Registered by src/app/pwa/register-service-worker.ts (workbox-window): no inline script.
  injectRegister: false,
  manifestFilename: 'manifest.webmanifest',
  manifest: kazasuManifest,
  includeManifestIcons: true,
  includeAssets: ['icons/*.png'],
  devOptions: { enabled: false },
  workbox: {
    cacheId: 'kazasu',
    // App shell: HTML, every JS chunk (incl. the photo decoder worker and Emscripten glue, and the
    // lazily loaded demo-cards chunk), CSS, the decoder .wasm and the Japanese font subset
    // (src/app/fonts: a kiosk without a Japanese font renders Japanese offline too). Icons come
    // from includeAssets.
    // ocr/: the camera OCR's engine (tesseract.js worker, core .js + .wasm) and its Japanese model
    // (src/app/ocr/ocr-assets.ts), so 照合番号B can be read from the card offline.
    globPatterns: ['**/*.{html,js,css,wasm,woff2}', 'ocr/*.traineddata'],
    globIgnores: ['**/*.map', 'sw.js', 'workbox-*.js'],
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    navigateFallback: 'index.html',
    navigateFallbackDenylist: NOT_APP_ROUTES,
    // No runtimeCaching on purpose: see the comment at the top.
    runtimeCaching: [],
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: false,
    sourcemap: false,
    mode: 'production',
    disableDevLogs: true,
  },
};
