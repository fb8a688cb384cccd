// A IIIF Presentation 3 manifest as the viewer opens it (/viewer?manifest=URL): its label and,
// per canvas, the label and the info.json of the image service that paints it. Presentation
// 2 manifests (sequences, `resource`) are read as well, since many collections still serve them.
import { languageText } from "../common/dom";

type Json = Record<string, unknown>;

export interface CanvasEntry {
  label: string;
  info: string; // the image service's info.json
}

export interface ManifestView {
  label: string;
  canvases: CanvasEntry[];
}

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : value ? [value as Json] : []);
const idOf = (resource: Json) => String(resource.id ?? resource["@id"] ?? "");
const textOf = (value: unknown) => (typeof value === "string" ? value : languageText(value));

// The image service of a painting body (or a v2 image resource), as its info.json URL.
function serviceInfo(body: Json): string | undefined {
  const service = list(body.service).find((s) => {
    const type = String(s.type ?? s["@type"] ?? "");
    const profile = String(s.profile ?? "");
    return type.startsWith("ImageService") || profile.includes("iiif.io/api/image") || profile.startsWith("level");
  });
  return service ? `${idOf(service).replace(/\/$/, "")}/info.json` : undefined;
}

export function readManifest(manifest: Json): ManifestView {
  const canvases: CanvasEntry[] = [];
  const v2 = list(manifest.sequences).flatMap((s) => list(s.canvases));
  for (const canvas of [...list(manifest.items), ...v2]) {
    const bodies = [
      ...list(canvas.items).flatMap((page) => list(page.items)).flatMap((a) => list(a.body)),
      ...list(canvas.images).flatMap((a) => list(a.resource)),
    ];
    for (const body of bodies) {
      const info = serviceInfo(body);
      if (info) {
        canvases.push({ label: textOf(canvas.label) || `Canvas ${canvases.length + 1}`, info });
        break;
      }
    }
  }
  return { label: textOf(manifest.label), canvases };
}
