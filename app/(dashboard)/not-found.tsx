import { PageNotFound } from "@/components/page-not-found";

/** A console page's notFound() (a member on an admin page): inside the shell its layout already drew. */
export default function DashboardNotFound() {
  return <PageNotFound signedIn />;
}
