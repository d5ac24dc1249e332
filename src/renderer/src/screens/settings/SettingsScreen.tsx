import { DiskUsageSection } from './DiskUsageSection';
import { FacePrivacySection } from './FacePrivacySection';

/** The library's disk use and the user's privacy choices. */
export function SettingsScreen() {
  return (
    <section className="settings">
      <div className="screen-heading">
        <h1>Settings</h1>
      </div>
      <DiskUsageSection />
      <FacePrivacySection />
    </section>
  );
}
