// The ZIP container's record signatures, for the writer and the reader alike.

/** Starts each entry's local header, and so every ZIP file (an XLSX file begins with one). */
export const LOCAL_SIGNATURE = 0x04034b50;

/** Starts each record of the central directory. */
export const CENTRAL_SIGNATURE = 0x02014b50;

/** Starts the End Of Central Directory record. */
export const END_SIGNATURE = 0x06054b50;
