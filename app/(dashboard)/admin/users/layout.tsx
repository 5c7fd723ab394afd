import { requireAdmin } from "@/lib/auth/session";

// The guard runs here, outside the screens' loading boundary (loading.tsx): a member gets a real
// 404 status, decided before anything streams, not a 200 whose body then says "not found".
// Each page checks again itself.
export default async function AdminUsersLayout({ children }: { children: React.ReactNode }) {
  await requireAdmin();
  return children;
}
