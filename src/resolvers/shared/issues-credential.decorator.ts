import { Extensions } from 'type-graphql';

/** The field extension read by the "credential fields per operation" validation rule. */
export const ISSUES_CREDENTIAL = 'issuesCredential';

/**
 * Marks a root field that hands out a credential (a join token). The document limits allow only a
 * few such fields per operation (GRAPHQL_MAX_CREDENTIAL_FIELDS), whatever aliases or fragments say.
 */
export const IssuesCredential = () => Extensions({ [ISSUES_CREDENTIAL]: true });
