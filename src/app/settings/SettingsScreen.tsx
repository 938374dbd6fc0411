export function SettingsScreen() {
  return (
    <section aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
    </section>
  );
}
