/** How numbers and decisions read on screen. */
import type { Decision } from '../core/search/match.ts';
import type { HeadPose } from '../core/pipeline/pose.ts';

export function percent(similarity: number): string {
  return `${Math.round(Math.max(0, similarity) * 100)}%`;
}

export function similarityText(similarity: number): string {
  return similarity.toFixed(2);
}

/** "Barack Obama 0.71", "Unknown (uncertain: Joe Biden? 0.44)", "Unknown 0.12". */
export function decisionLabel(decision: Decision): string {
  if (decision.status === 'known') return `${decision.identity} ${similarityText(decision.similarity)}`;
  if (decision.status === 'uncertain' && decision.best) return `Uncertain: ${decision.best.name}? ${similarityText(decision.similarity)}`;
  return decision.best ? `Unknown ${similarityText(decision.similarity)}` : 'Unknown';
}

/** Whole degrees, without a "-0". */
export function degrees(angle: number): string {
  const rounded = Math.round(angle);
  return `${rounded === 0 ? 0 : rounded}°`;
}

export function poseText(pose: HeadPose): string {
  return `yaw ${degrees(pose.yaw)} · pitch ${degrees(pose.pitch)} · roll ${degrees(pose.roll)}`;
}
