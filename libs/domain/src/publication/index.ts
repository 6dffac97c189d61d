export {
  type NoticeSubject,
  type PublicNotice,
  type PublicNoticeKind,
  type PublishedStep,
  MAX_QUOTED_CHARS,
  plainText,
  publicNoticeOf,
  publicReference,
} from './public-notice';
