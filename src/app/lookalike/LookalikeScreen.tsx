export function LookalikeScreen() {
  return (
    <section aria-labelledby="lookalike-heading">
      <h1 id="lookalike-heading">Lookalike</h1>
    </section>
  );
}
