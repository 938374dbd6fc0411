/** "1 photo", "14 photos", "1 celebrity", "6 celebrities". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
