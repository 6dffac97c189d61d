/** The console's languages: Chinese by default, English as a switch. */
export type Language = 'zh' | 'en';
