// The live connection: state for the indicator, and a signal to catch up after a reconnect.
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

class Connection {
  state = $state<ConnectionState>('connecting');
  /** Increases on every reconnect: views watching it re-read what they show. */
  generation = $state(0);
  private everConnected = false;

  connected() {
    if (this.everConnected) this.generation++;
    this.everConnected = true;
    this.state = 'connected';
  }

  lost() {
    this.state = this.everConnected ? 'reconnecting' : 'offline';
  }
}

export const connection = new Connection();
