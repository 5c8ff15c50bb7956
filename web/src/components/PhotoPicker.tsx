import { CameraOutlined, CloseOutlined, PictureOutlined } from '@ant-design/icons';
import { App, Button, Flex, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadFile } from '../api/client';

/** What the server keeps as a photo (platform/files.ts checks the first bytes): JPEG and PNG, ≤ 20 MB. */
const PHOTO_TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png' };
const MAX_PHOTO_BYTES = 20 * 1024 * 1024;
const TILE = 88;

/** A camera names its shots image.jpg or nothing useful; the server wants the extension to match the bytes. */
function named(file: File, index: number): File {
  const extension = PHOTO_TYPES[file.type];
  if (!extension || /\.(jpe?g|png)$/i.test(file.name)) return file;
  const stamp = new Date().toISOString().slice(0, 19).replace(/\D/g, '');
  return new File([file], `photo-${stamp}-${index + 1}.${extension}`, { type: file.type, lastModified: file.lastModified });
}

/** A chosen photo's thumbnail as a data: address: the page's CSP lets images come from data: but not blob:. */
function Thumbnail({ file, onRemove }: { file: File; onRemove: () => void }) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    const reader = new FileReader();
    reader.onload = () => setSrc(typeof reader.result === 'string' ? reader.result : null);
    reader.readAsDataURL(file);
    return () => reader.abort();
  }, [file]);
  return (
    <div style={{ position: 'relative', width: TILE, height: TILE, flex: 'none' }} data-testid="photo-thumb">
      {src ? <img src={src} alt={file.name} title={file.name} style={{ width: TILE, height: TILE, objectFit: 'cover', borderRadius: 8, display: 'block' }} /> : <div style={{ width: TILE, height: TILE, borderRadius: 8, background: '#f0f0f0' }} />}
      {/* Always shown (a phone has no hover), and big enough for a thumb. */}
      <Button shape="circle" icon={<CloseOutlined />} onClick={onRemove} aria-label={t('photos.remove', { name: file.name })} style={{ position: 'absolute', top: -10, right: -10, width: 32, height: 32, boxShadow: '0 1px 4px rgba(0,0,0,0.25)' }} data-testid="photo-remove" />
    </div>
  );
}

function Tile({ icon, label }: { icon: React.ReactNode; label: string }) {
  return (
    <div style={{ width: TILE, height: TILE, border: '1px dashed #d9d9d9', borderRadius: 8, background: '#fafafa', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', cursor: 'pointer', fontSize: 12, textAlign: 'center' }}>
      <span style={{ fontSize: 22 }}>{icon}</span>
      <span style={{ marginTop: 4, padding: '0 4px' }}>{label}</span>
    </div>
  );
}

/**
 * Photos waiting in a form: on a phone straight from the camera (or the album), thumbnails that can
 * be removed before saving; they go up (uploadPhotos) once the record they belong to exists.
 */
export function PhotoPicker({ value = [], onChange, max = 9, camera, testId }: { value?: File[]; onChange?: (files: File[]) => void; max?: number; camera: boolean; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = (file: File, batch: File[]) => {
    // antd asks once per file of a batch; take the batch on its first file so none is lost.
    if (file !== batch[0]) return false;
    const kept: File[] = [];
    for (const f of batch) {
      if (!PHOTO_TYPES[f.type]) message.warning(t('photos.typeRule', { name: f.name }));
      else if (f.size > MAX_PHOTO_BYTES) message.warning(t('photos.tooLarge', { name: f.name }));
      else kept.push(named(f, value.length + kept.length));
    }
    if (value.length + kept.length > max) message.warning(t('photos.max', { count: max }));
    onChange?.([...value, ...kept].slice(0, max));
    return false;
  };
  const picker = (capture: boolean, icon: React.ReactNode, label: string) => (
    <Upload accept="image/*" capture={capture ? 'environment' : undefined} multiple showUploadList={false} beforeUpload={add}>
      <Tile icon={icon} label={label} />
    </Upload>
  );
  return (
    <Flex wrap gap={12} style={{ paddingTop: 8 }} data-testid={testId}>
      {value.map((f, i) => (
        <Thumbnail key={`${f.name}-${f.size}-${f.lastModified}-${i}`} file={f} onRemove={() => onChange?.(value.filter((_, j) => j !== i))} />
      ))}
      {value.length < max && (camera ? <>{picker(true, <CameraOutlined />, t('photos.take'))}{picker(false, <PictureOutlined />, t('photos.album'))}</> : picker(false, <CameraOutlined />, t('photos.add')))}
    </Flex>
  );
}

/** A phone camera's shot is 3–10 MB; a site photo read on a screen needs far less: the long edge at 2048 px, JPEG at 85%. */
const LONG_EDGE = 2048;
const SHRINK_ABOVE_BYTES = 1024 * 1024;

/**
 * The photo made lighter before it goes up over a field connection: drawn upright (the camera's
 * orientation applied) at most 2048 px on the long edge and saved as JPEG — kept as it is when it
 * is small already, when the browser cannot draw it, or when the result would not be smaller. The
 * camera's EXIF (place, device) does not travel with it; the visit records its own time and place.
 */
export async function shrinkPhoto(file: File): Promise<File> {
  if (file.size <= SHRINK_ABOVE_BYTES || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, LONG_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const context = canvas.getContext('2d')!;
    // JPEG has no transparency: a PNG's clear pixels would turn black, so they go on white.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], file.name.replace(/\.(png|jpe?g)$/i, '.jpg'), { type: 'image/jpeg', lastModified: file.lastModified });
  } catch {
    return file;
  }
}

/** Uploads photos one by one (each made lighter first) to where `url` says; answers the ones that failed, with the reason. */
export async function uploadPhotos(files: File[], url: (name: string) => string): Promise<string[]> {
  const failed: string[] = [];
  for (const original of files) {
    const file = await shrinkPhoto(original);
    try {
      await uploadFile(url(encodeURIComponent(file.name)), file);
    } catch (e) {
      failed.push(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return failed;
}
