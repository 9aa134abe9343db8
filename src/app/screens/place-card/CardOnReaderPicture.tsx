/** A simple drawing of a card lying flat on a reader (decorative: the text says the same). */
export function CardOnReaderPicture() {
  return (
    <svg className="place-picture" viewBox="0 0 200 140" aria-hidden="true" focusable="false">
      <rect x="20" y="80" width="160" height="44" rx="10" fill="#3c4043" />
      <rect x="70" y="92" width="60" height="6" rx="3" fill="#8ab4f8" />
      <g transform="rotate(-6 100 60)">
        <rect x="45" y="24" width="110" height="70" rx="8" fill="#ffffff" stroke="#0b57d0" strokeWidth="4" />
        <rect x="58" y="38" width="26" height="32" rx="3" fill="#c4c7c5" />
        <rect x="94" y="40" width="48" height="6" rx="3" fill="#c4c7c5" />
        <rect x="94" y="54" width="40" height="6" rx="3" fill="#c4c7c5" />
        <rect x="94" y="68" width="30" height="6" rx="3" fill="#c4c7c5" />
      </g>
      <path d="M100 8 v12 M92 14 l8 8 l8 -8" stroke="#0b57d0" strokeWidth="4" fill="none" strokeLinecap="round" />
    </svg>
  );
}
