// Exact decimal numbers as written in an event (`amount`, `quantity`, `seconds`): never through a binary float.

/** value = ±digits × 10^exponent; `digits` has no leading or trailing zeros and is "" for zero. */
export interface DecimalParts {
  negative: boolean;
  digits: string;
  exponent: number;
}

/** Exponents are clamped here: anything larger is far outside every range the contract allows anyway. */
const EXPONENT_CLAMP = 1e15;

/**
 * Reads `-?[0-9]+(\.[0-9]+)?`, and with `allowExponent` also a trailing `([eE][+-]?[0-9]+)?` (the JSON number
 * grammar, minus its leading-zero rule, and the output of `String(number)`). `null` when the text is not that.
 */
export function readDecimalText(text: string, allowExponent: boolean): DecimalParts | null {
  const length = text.length;
  let index = 0;
  const negative = text.charCodeAt(0) === 45; /* - */
  if (negative) index++;
  const integerStart = index;
  while (index < length && isDigit(text.charCodeAt(index))) index++;
  if (index === integerStart) return null;
  const integerEnd = index;
  let fractionStart = index;
  let fractionEnd = index;
  if (text.charCodeAt(index) === 46 /* . */) {
    fractionStart = ++index;
    while (index < length && isDigit(text.charCodeAt(index))) index++;
    if (index === fractionStart) return null;
    fractionEnd = index;
  }
  let exponent = 0;
  const e = text.charCodeAt(index);
  if (allowExponent && (e === 101 || e === 69) /* e E */) {
    index++;
    const sign = text.charCodeAt(index);
    const exponentNegative = sign === 45;
    if (exponentNegative || sign === 43 /* + */) index++;
    const exponentStart = index;
    while (index < length && isDigit(text.charCodeAt(index))) index++;
    if (index === exponentStart) return null;
    let significantStart = exponentStart;
    while (significantStart < index - 1 && text.charCodeAt(significantStart) === 48) significantStart++;
    exponent =
      index - significantStart > 15
        ? EXPONENT_CLAMP
        : Math.min(Number(text.slice(significantStart, index)), EXPONENT_CLAMP);
    if (exponentNegative) exponent = -exponent;
  }
  if (index !== length) return null;

  const mantissa = text.slice(integerStart, integerEnd) + text.slice(fractionStart, fractionEnd);
  let first = 0;
  while (first < mantissa.length && mantissa.charCodeAt(first) === 48) first++;
  if (first === mantissa.length) return { negative, digits: '', exponent: 0 };
  let last = mantissa.length;
  while (mantissa.charCodeAt(last - 1) === 48) last--;
  return {
    negative,
    digits: mantissa.slice(first, last),
    exponent: exponent - (fractionEnd - fractionStart) + (mantissa.length - last),
  };
}

export function isZero(value: DecimalParts): boolean {
  return value.digits === '';
}

/** Whether |value| > 10^power, exactly. */
export function exceedsPowerOfTen(value: DecimalParts, power: number): boolean {
  if (value.digits === '') return false;
  // |value| lies in [10^(m-1), 10^m) with m its count of integer digits; 10^power has m = power + 1.
  const integerDigits = value.digits.length + value.exponent;
  return integerDigits > power + 1 || (integerDigits === power + 1 && value.digits !== '1');
}

/** Digits after the decimal point in the plain (exponent-free) form. */
export function decimalPlaces(value: DecimalParts): number {
  return value.exponent < 0 ? -value.exponent : 0;
}

/** The plain canonical form: no exponent, no leading or trailing zeros, "0" for zero (never "-0"). */
export function formatDecimal(value: DecimalParts): string {
  const { digits, exponent } = value;
  if (digits === '') return '0';
  const sign = value.negative ? '-' : '';
  if (exponent >= 0) return sign + digits + '0'.repeat(exponent);
  const integerDigits = digits.length + exponent;
  if (integerDigits > 0) return sign + digits.slice(0, integerDigits) + '.' + digits.slice(integerDigits);
  return sign + '0.' + '0'.repeat(-integerDigits) + digits;
}

/** The value as a JS number when it is an integer of at most 15 digits (so exact), else null. */
export function toSafeInteger(value: DecimalParts): number | null {
  if (value.digits === '') return 0;
  if (value.exponent < 0 || value.digits.length + value.exponent > 15) return null;
  const magnitude = Number(value.digits) * 10 ** value.exponent;
  return value.negative ? -magnitude : magnitude;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
