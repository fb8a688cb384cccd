// The admin API's documents, as the console reads them.

export interface Asset {
  id: string;
  title: string;
  roles: string[];
  maxWidth: number;
  openFullMax: number;
  openMaxWidth: number;
  width: number;
  height: number;
  format: string;
  error?: string; // a file that does not read (listed so it can be replaced or deleted)
}

export interface User {
  name: string;
  roles: string[];
}

export interface Action {
  name: string;
  description: string;
  roles: string[];
  transform: boolean;
  commands: string;
}
