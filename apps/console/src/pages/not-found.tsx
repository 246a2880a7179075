import { PageHeader } from '../components/ui';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        Nothing here. Go to <a href="/">the overview</a> or <a href="/webhooks">your webhooks</a>.
      </p>
    </>
  );
}
