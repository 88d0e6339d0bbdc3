function Get-PgClusterNodeFact {
    <#
    .SYNOPSIS
        What one cluster node has for the instance, in the shape of the preflight's cluster file
        (src/wsfc/facts.ts): the ports of its services file, the instance service's name, start
        type and account, and whether each path that must be local exists there. The local node
        is read directly, any other through PowerShell remoting (WinRM).
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Specialized.OrderedDictionary])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Node,

        [Parameter(Mandatory = $true)]
        [string]
        $ServiceName,

        [Parameter()]
        [AllowEmptyCollection()]
        [string[]]
        $LocalPath = @()
    )

    # Self-contained: it runs on the node, where the module may not be loaded.
    $gather = {
        param ($ServiceName, $LocalPath)
        $servicesFile = "$env:SystemRoot\System32\drivers\etc\services"
        $paths = @{}
        foreach ($p in $LocalPath) {
            $paths[$p] = Test-Path -LiteralPath $p -PathType Container
        }
        [pscustomobject]@{
            ServicesText = @(Get-Content -LiteralPath $servicesFile -ErrorAction SilentlyContinue)
            Service      = Get-CimInstance -ClassName Win32_Service -Filter "Name='$($ServiceName -replace "'", "''")'" |
                Select-Object -Property Name, StartMode, StartName
            Paths        = $paths
        }
    }
    $isLocal = $Node -eq [System.Environment]::MachineName -or $Node -eq 'localhost'
    try {
        if ($isLocal) {
            $raw = & $gather $ServiceName $LocalPath
        }
        else {
            $raw = Invoke-Command -ComputerName $Node -ScriptBlock $gather -ArgumentList $ServiceName, $LocalPath -ErrorAction Stop
        }
    }
    catch {
        throw (New-PgErrorRecord -ErrorId 'NodeUnreachable' -Category ConnectionError -TargetObject $Node `
                -Message "Node $Node could not be asked for its facts: $($_.Exception.Message)" `
                -Hint "Run Enable-PSRemoting on $Node (or run Test-PgClusterPreflight there), then try again.")
    }
    $ports = @(ConvertFrom-PgServicesFile -Line @($raw.ServicesText) | Where-Object -FilterScript { $_.Protocol -eq 'tcp' } |
            ForEach-Object -Process { $_.Port } | Sort-Object -Unique)
    $localPaths = [ordered]@{}
    foreach ($key in @($raw.Paths.Keys)) {
        $localPaths[$key] = [bool]$raw.Paths[$key]
    }
    $facts = [ordered]@{ name = $Node; servicesFilePorts = $ports; localPaths = $localPaths }
    if ($raw.Service) {
        # Win32_Service says Manual where sc.exe and the preflight say demand.
        $startType = @{ Manual = 'Demand'; Auto = 'Auto'; Disabled = 'Disabled'; Boot = 'Boot'; System = 'System' }["$($raw.Service.StartMode)"]
        if (-not $startType) {
            $startType = "$($raw.Service.StartMode)"
        }
        $facts['service'] = [ordered]@{ name = "$($raw.Service.Name)"; account = "$($raw.Service.StartName)"; startType = $startType }
    }
    return $facts
}
