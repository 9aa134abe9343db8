import { useEffect, useState } from 'react';

/**
 * A PNG from the card face (name or address as printed) shown through an object URL that is
 * revoked as soon as the image leaves the screen.
 */
export function CardImage({ png, alt }: { readonly png: Uint8Array; readonly alt: string }) {
  const [url, setUrl] = useState<string | undefined>();
  useEffect(() => {
    const u = URL.createObjectURL(new Blob([png.slice()], { type: 'image/png' }));
    setUrl(u);
    return () => {
      URL.revokeObjectURL(u);
      setUrl(undefined);
    };
  }, [png]);
  return url ? <img className="card-image" src={url} alt={alt} data-testid="card-image" /> : null;
}
