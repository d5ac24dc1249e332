import type { ApiInput } from '../../../../shared/api';

/** What the user types for an S3 prefix; the secret is only ever sent, never read back. */
export interface S3Settings {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

export const emptyS3Settings: S3Settings = {
  endpoint: '',
  region: 'us-east-1',
  bucket: '',
  prefix: '',
  forcePathStyle: false,
  accessKeyId: '',
  secretAccessKey: '',
};

export function s3SettingsReady(s: S3Settings): boolean {
  return s.bucket.trim() !== '' && s.accessKeyId.trim() !== '' && s.secretAccessKey !== '';
}

/** The settings as addS3Source and an S3 sync location take them; the engine checks the names. */
export function s3Input(s: S3Settings): Omit<ApiInput<'addS3Source'>, 'label' | 'maxConcurrency'> {
  return {
    endpoint: s.endpoint.trim() || undefined,
    region: s.region.trim() || 'us-east-1',
    bucket: s.bucket.trim(),
    prefix: s.prefix.trim(),
    forcePathStyle: s.forcePathStyle,
    accessKeyId: s.accessKeyId.trim(),
    secretAccessKey: s.secretAccessKey,
  };
}

interface Props {
  /** Keeps the ids of two forms on one page apart. */
  idPrefix: string;
  settings: S3Settings;
  onChange: (settings: S3Settings) => void;
}

/** Endpoint, region, bucket, prefix, URL style and keys of an S3-compatible service. */
export function S3Fields({ idPrefix, settings, onChange }: Props) {
  const set = <K extends keyof S3Settings>(key: K, value: S3Settings[K]) => onChange({ ...settings, [key]: value });
  const text = (key: Exclude<keyof S3Settings, 'forcePathStyle'>, label: string, placeholder: string, type = 'text') => (
    <div className="s3-field">
      <label htmlFor={`${idPrefix}-${key}`}>{label}</label>
      <input
        id={`${idPrefix}-${key}`}
        type={type}
        value={settings[key]}
        placeholder={placeholder}
        onChange={(e) => set(key, e.target.value)}
        spellCheck={false}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
      />
    </div>
  );
  return (
    <div className="s3-fields">
      {text('endpoint', 'Endpoint', 'empty for AWS S3; https://minio.example:9000')}
      {text('region', 'Region', 'us-east-1')}
      {text('bucket', 'Bucket', 'my-photos')}
      {text('prefix', 'Prefix', '(whole bucket)')}
      <label className="checkbox-label s3-path-style">
        <input type="checkbox" checked={settings.forcePathStyle} onChange={(e) => set('forcePathStyle', e.target.checked)} /> Path-style URLs (MinIO and most
        self-hosted servers)
      </label>
      {text('accessKeyId', 'Access key ID', '')}
      {text('secretAccessKey', 'Secret access key', '', 'password')}
    </div>
  );
}
