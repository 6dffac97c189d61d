import { ApiProblem, type ProblemDocument } from './client';
import { attachmentName } from './kpi-query';

/**
 * Downloads a file through the console's origin as a blob and saves it under the name the server
 * gives (or `fallbackName`); a refusal is thrown as an ApiProblem for the page to show. Answers the name.
 */
export async function downloadAttachment(url: string, fallbackName: string, init: RequestInit = {}): Promise<string> {
  const response = await fetch(url, { credentials: 'same-origin', ...init });
  if (!response.ok) {
    const text = await response.text();
    let problem: ProblemDocument = { title: response.statusText, detail: text };
    try {
      problem = JSON.parse(text) as ProblemDocument;
    } catch {
      // Not a problem document: keep the text.
    }
    throw new ApiProblem(response.status, problem);
  }
  const name = attachmentName(response.headers.get('content-disposition'), fallbackName);
  const blobUrl = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = blobUrl;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked on the next turn: some browsers start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(blobUrl), 0);
  return name;
}
