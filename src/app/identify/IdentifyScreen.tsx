export function IdentifyScreen() {
  return (
    <section aria-labelledby="identify-heading">
      <h1 id="identify-heading">Identify</h1>
    </section>
  );
}
