import { Breakable } from "@/components/ui/breakable";
import { cn } from "@/components/ui/cn";

/**
 * An IP address, in monospace. It may wrap after a colon or a dot and nowhere else, so that an
 * IPv6 address (up to 39 characters) fits a narrow column whole instead of being cut off.
 */
export function IpAddress({ ip, className }: { ip: string; className?: string }) {
  return (
    <span className={cn("font-mono text-xs", className)}>
      <Breakable text={ip} />
    </span>
  );
}
