// The upgrade window form (spec/ui.md §5.6 platform tab, fixed per §9.1.11): the server stores
// {start, duration} in hours; the form shows start and end hours.

export const MIN_WINDOW_HOURS = 3; // the backend refuses 3 h or less

export function endOf(start, duration) {
  return (Number(start) + Number(duration)) % 24;
}

export function durationOf(start, end) {
  return end > start ? end - start : end + 24 - start;
}

export function isValidWindow(start, end) {
  return durationOf(start, end) > MIN_WINDOW_HOURS;
}

export function hourLabel(hour) {
  return `${String(hour).padStart(2, '0')}:00`;
}
